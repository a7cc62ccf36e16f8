import threading, time
# exceptions across threads and joins with timeouts; thread-started-twice; lock misuse in thread
errors = []
def bad_release():
    l = threading.Lock()
    try:
        l.release()
    except RuntimeError as e:
        errors.append(str(e))
t = threading.Thread(target=bad_release); t.start(); t.join()
print(errors)
r = threading.RLock()
def other_release():
    try:
        r.release()
    except RuntimeError as e:
        errors.append(str(e))
r.acquire()
t = threading.Thread(target=other_release); t.start(); t.join()
r.release()
print(errors[-1])
c = threading.Condition()
try:
    c.wait(0.1)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    c.notify()
except RuntimeError as e:
    print("RuntimeError:", e)
e = threading.Event()
def setter():
    time.sleep(0.2)
    e.set()
threading.Thread(target=setter).start()
print(e.wait(0.1), e.wait(1), e.is_set())
def recur(n):
    if n == 0:
        return 0
    return 1 + recur(n - 1)
res = []
t = threading.Thread(target=lambda: res.append(recur(500)))
t.start(); t.join()
print(res)
print(threading.current_thread().name, threading.get_ident() > 0)
