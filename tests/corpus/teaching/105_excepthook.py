"""threading.excepthook: route uncaught exceptions in threads to your own handler."""
import threading


def hook(args):
    print(f"caught {args.exc_type.__name__}: {args.exc_value} in {args.thread.name}")


def fails(n):
    if n % 2:
        raise ValueError(f"bad input {n}")
    print(f"job {n} ok")


old = threading.excepthook
threading.excepthook = hook
for n in range(4):
    t = threading.Thread(target=fails, args=(n,), name=f"job-{n}")
    t.start()
    t.join()
threading.excepthook = old
print(threading.excepthook is threading.__excepthook__)
