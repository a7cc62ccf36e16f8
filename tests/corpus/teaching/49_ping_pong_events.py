"""Two threads take turns using a pair of events."""
import threading

ping_turn = threading.Event()
pong_turn = threading.Event()


def ping():
    for i in range(3):
        ping_turn.wait()
        ping_turn.clear()
        print("ping", i)
        pong_turn.set()


def pong():
    for i in range(3):
        pong_turn.wait()
        pong_turn.clear()
        print("pong", i)
        ping_turn.set()


a = threading.Thread(target=ping)
b = threading.Thread(target=pong)
a.start()
b.start()
ping_turn.set()
a.join()
b.join()
