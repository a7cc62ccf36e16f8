# Workers that report their failures with the traceback module instead of dying.
import sys
import threading
import traceback

results = {}
lock = threading.Lock()


def parse(text):
    return int(text)


def process(item):
    return 100 // parse(item)


def worker(items):
    for item in items:
        try:
            value = process(item)
        except Exception:
            with lock:
                print(f"{threading.current_thread().name} failed on {item!r}:")
                print(traceback.format_exc(), end="")
        else:
            with lock:
                results[item] = value


t = threading.Thread(target=worker, args=(["4", "x", "0"],), name="W1")
t.start()
t.join()
print("results:", results)

try:
    try:
        {}["missing"]
    except KeyError as e:
        raise RuntimeError("lookup failed") from e
except RuntimeError as e:
    chunks = traceback.format_exception(e)
    print(len(chunks), "chunks")
    print("".join(chunks), end="")
    traceback.print_exception(e)
    print(traceback.format_exception_only(type(e), e))

try:
    process("0")
except ZeroDivisionError:
    traceback.print_exc()
    traceback.print_exc(file=sys.stdout)

print(repr(traceback.format_exc()))


def deep():
    traceback.print_stack(file=sys.stdout)


def middle():
    deep()


middle()
