"""A Pipe between parent and child: send, recv, poll, and a two-way conversation."""
import multiprocessing


def child(conn):
    conn.send([42, None, "hello"])
    while True:
        msg = conn.recv()
        if msg == "bye":
            conn.send("see you")
            break
        conn.send(msg.upper())
    conn.close()


if __name__ == "__main__":
    parent_conn, child_conn = multiprocessing.Pipe()
    p = multiprocessing.Process(target=child, args=(child_conn,))
    p.start()
    print(parent_conn.recv())
    for word in ["ping", "pong"]:
        parent_conn.send(word)
        print(parent_conn.recv())
    parent_conn.send("bye")
    print(parent_conn.recv())
    p.join()
    print("anything left?", parent_conn.poll(0.1))

    reader, writer = multiprocessing.Pipe(duplex=False)
    writer.send({"a": 1})
    print(reader.recv())
