"""`from package import submodule`, `import a.b.c`, and `import builtins`, as course code writes them."""
import builtins
import concurrent.futures.thread
from concurrent import futures
from concurrent.futures import thread as cft

print(futures.ThreadPoolExecutor is concurrent.futures.ThreadPoolExecutor)
print(cft.ThreadPoolExecutor.__name__, concurrent.futures.thread.ThreadPoolExecutor.__module__)
with futures.ThreadPoolExecutor(max_workers=2) as ex:
    print(list(ex.map(lambda x: x * x, range(5))))
print(builtins.len("abc"), builtins.print is print)
try:
    from concurrent import nothing_here
except ImportError as e:
    print("ImportError:", e)
