"""A barrier's action runs once per round; a timeout breaks it for everyone."""
import threading
import time

rounds = []


def end_of_round():
    rounds.append(len(rounds) + 1)
    print("round", len(rounds), "complete")


b = threading.Barrier(3, action=end_of_round)


def player(pid):
    for _ in range(2):
        time.sleep(0.05 * pid)
        b.wait()


ps = [threading.Thread(target=player, args=(i,)) for i in range(3)]
for p in ps:
    p.start()
for p in ps:
    p.join()

lonely = threading.Barrier(2, timeout=0.2)
try:
    lonely.wait()
except threading.BrokenBarrierError:
    print("broken after timeout:", lonely.broken)
lonely.reset()
print("after reset:", lonely.broken)
