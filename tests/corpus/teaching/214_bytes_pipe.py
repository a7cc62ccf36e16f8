"""Bytes over a multiprocessing Pipe: encode, send, decode, and the common bytes methods."""
import multiprocessing as mp


def worker(conn):
    while True:
        msg = conn.recv()
        if msg == b"STOP":
            break
        conn.send(msg.upper() + b" OK")
    conn.close()


if __name__ == "__main__":
    parent, child = mp.Pipe()
    p = mp.Process(target=worker, args=(child,))
    p.start()
    for word in ("ping", "olá"):
        parent.send(word.encode("utf-8"))
        reply = parent.recv()
        print(reply, reply.decode("utf-8"), len(reply))
    parent.send(b"STOP")
    p.join()
    print("exit code", p.exitcode)

    data = b"id=42;name=ana;tags=a,b"
    fields = dict(part.split(b"=", 1) for part in data.split(b";"))
    print(fields, int(fields[b"id"]) + 1, fields[b"tags"].split(b","))
    print(data[:2], data[3], data.find(b"name"), b"ana" in data, data.hex()[:8])
    print(bytes([104, 105]), bytes(2), bytes.fromhex("6869"), list(b"hi"), b"-".join([b"a", b"b"]))
    print(repr(b"it's"), b"\x00\xff\t", b"ab" * 2, b"a" < b"b", "ü".encode(), b"caf\xc3\xa9".decode())
    try:
        b"x" + "y"
    except TypeError as e:
        print("TypeError:", e)
    try:
        b"\xff".decode("utf-8")
    except UnicodeDecodeError as e:
        print("UnicodeDecodeError:", e)
