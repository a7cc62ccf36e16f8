# gilscope-test: sorted
import threading
def who():
    print(f"running in {threading.current_thread().name}")
ts = [threading.Thread(target=who, name=f"T{i}") for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
who()
print(len(threading.enumerate()))
