"""A process pool leaves no thread behind: after the with block only MainThread is alive."""
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
def cpu(n): return n
if __name__ == "__main__":
    with ProcessPoolExecutor(2) as ex:
        print(list(ex.map(cpu, [1000, 2000])))
    print([t.name for t in threading.enumerate()])
    with ThreadPoolExecutor(2) as ex:
        print(list(ex.map(cpu, [1000, 2000])))
    print([t.name for t in threading.enumerate()])
