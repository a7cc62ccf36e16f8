# gilscope-test: sorted
import threading
barrier = threading.Barrier(3)
def party(i):
    print(f"party {i} waiting")
    barrier.wait()
    print(f"party {i} passed")
ts = [threading.Thread(target=party, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("barrier parties:", barrier.parties, "broken:", barrier.broken)
