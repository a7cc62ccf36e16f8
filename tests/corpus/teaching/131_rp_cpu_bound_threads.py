"""Real Python: CPU-bound work in a thread pool does not get faster under the GIL."""
import concurrent.futures
import time


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers):
    with concurrent.futures.ThreadPoolExecutor() as executor:
        return list(executor.map(cpu_bound, numbers))


if __name__ == "__main__":
    numbers = [2_000 + x for x in range(8)]
    start_time = time.perf_counter()
    sums = find_sums(numbers)
    duration = time.perf_counter() - start_time
    print(sums[:2], len(sums))
    print(sum(sums))
    print("took some time:", duration > 0)
