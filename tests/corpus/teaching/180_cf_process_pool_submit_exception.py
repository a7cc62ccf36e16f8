"""Exceptions raised in a process pool come back through the future."""
from concurrent.futures import ProcessPoolExecutor, as_completed


def check_age(name, age):
    if age < 0:
        raise ValueError(f"{name}: age cannot be negative")
    return f"{name} is {age}"


if __name__ == "__main__":
    people = [("ann", 31), ("bob", -1), ("cy", 7)]
    with ProcessPoolExecutor(max_workers=2) as ex:
        futures = {ex.submit(check_age, n, a): n for n, a in people}
        lines = []
        for f in as_completed(futures):
            if f.exception() is not None:
                lines.append(f"{futures[f]} failed: {f.exception()}")
            else:
                lines.append(f.result())
    for line in sorted(lines):
        print(line)
