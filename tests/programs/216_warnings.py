# warnings: the default filters, once per location, stacklevel, filters, catch_warnings.
import threading
import warnings


def old_api():
    warnings.warn("old_api() is deprecated; use new_api()", DeprecationWarning, stacklevel=2)
    return 1


def risky(n):
    if n > 2:
        warnings.warn(f"n={n} is large")
    return n


for i in range(4):
    risky(i)
old_api()
old_api()
warnings.warn("low memory", RuntimeWarning)
warnings.warn("pending", PendingDeprecationWarning)
warnings.warn(FutureWarning("this will change"))

t = threading.Thread(target=risky, args=(5,))
t.start()
t.join()

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    risky(7)
    risky(7)
    old_api()
print(len(caught), [w.category.__name__ for w in caught], str(caught[0].message))

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    risky(8)
warnings.filterwarnings("ignore", message="n=9")
risky(9)
warnings.filterwarnings("error", category=RuntimeWarning)
try:
    warnings.warn("now an error", RuntimeWarning)
except RuntimeWarning as e:
    print("raised:", e)
warnings.simplefilter("once")
for i in range(2):
    warnings.warn("only once")
print("done")

# threading's deprecated aliases warn through the same filters.
worker = threading.Thread(target=print, name="w")
warnings.simplefilter("ignore", DeprecationWarning)
print(worker.getName())
warnings.simplefilter("always", DeprecationWarning)
for i in range(2):
    print(worker.isDaemon())
