"""Workers put results on a multiprocessing.Queue; the parent collects and sorts them."""
import multiprocessing


def square_worker(numbers, out):
    name = multiprocessing.current_process().name
    for n in numbers:
        out.put((n, n * n, name))


if __name__ == "__main__":
    queue = multiprocessing.Queue()
    chunks = [[1, 2, 3], [4, 5], [6, 7, 8, 9]]
    workers = [multiprocessing.Process(target=square_worker, args=(c, queue), name=f"sq-{i}")
               for i, c in enumerate(chunks)]
    for w in workers:
        w.start()
    results = [queue.get() for _ in range(9)]
    for w in workers:
        w.join()
    for n, sq, who in sorted(results):
        print(f"{n} squared is {sq} (by {who})")
    print("empty:", queue.empty())
