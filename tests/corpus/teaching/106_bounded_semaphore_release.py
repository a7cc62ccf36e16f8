"""BoundedSemaphore catches a release too many; a plain Semaphore does not."""
import threading

pool = threading.BoundedSemaphore(value=2)
plain = threading.Semaphore(2)

with pool:
    print("got a slot; acquire(blocking=False) again:", pool.acquire(blocking=False))
    print("third try:", pool.acquire(blocking=False))
    pool.release()
try:
    pool.release()
except ValueError as e:
    print("ValueError:", e)
plain.release()
print("plain now allows:", sum(plain.acquire(blocking=False) for _ in range(5)))
