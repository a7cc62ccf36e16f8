"""BoundedSemaphore catches a release without a matching acquire."""
import threading

pool = threading.BoundedSemaphore(2)
print(pool.acquire(), pool.acquire(), pool.acquire(blocking=False))
pool.release()
pool.release()
try:
    pool.release()
except ValueError as e:
    print("ValueError:", e)

loose = threading.Semaphore(1)
loose.release()
print("plain Semaphore allowed it:", loose.acquire(), loose.acquire(), loose.acquire(timeout=0.1))
