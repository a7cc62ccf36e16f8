"""A Pool initializer sets a global in each worker; the parent's global stays unchanged."""
import multiprocessing

greeting = "unset"


def init_worker(text):
    global greeting
    greeting = text


def greet(name):
    return f"{greeting}, {name}"


if __name__ == "__main__":
    with multiprocessing.Pool(processes=2, initializer=init_worker, initargs=("Hello",)) as pool:
        print(pool.map(greet, ["Ann", "Bo", "Cy"]))
    print("in the parent:", greeting)
