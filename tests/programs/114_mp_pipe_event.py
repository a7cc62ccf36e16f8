# gilscope-test: tty
# A Pipe between two processes, and an Event one process waits on.
import multiprocessing
import time


def pinger(conn, rounds):
    for i in range(rounds):
        conn.send(("ping", i))
        reply = conn.recv()
        print("pinger got", reply)
    conn.send(None)
    conn.close()


def waiter(ev, conn):
    print("waiter: waiting")
    ok = ev.wait(5)
    conn.send(f"waiter: event set = {ok}")


if __name__ == "__main__":
    a, b = multiprocessing.Pipe()
    p = multiprocessing.Process(target=pinger, args=(a, 3))
    p.start()
    while True:
        msg = b.recv()
        if msg is None:
            break
        b.send(("pong", msg[1] * 10))
    p.join()
    print("poll on an empty pipe:", b.poll())

    reader, writer = multiprocessing.Pipe(duplex=False)
    ev = multiprocessing.Event()
    w = multiprocessing.Process(target=waiter, args=(ev, writer))
    w.start()
    time.sleep(0.2)
    print("main: setting the event", ev.is_set())
    ev.set()
    print(reader.recv())
    w.join()
    print(ev.is_set(), reader.poll(0.05))
