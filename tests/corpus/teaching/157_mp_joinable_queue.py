"""PyMOTW: consumers on a JoinableQueue, poison pills, and a result queue."""
import multiprocessing


class Consumer(multiprocessing.Process):
    def __init__(self, task_queue, result_queue):
        multiprocessing.Process.__init__(self)
        self.task_queue = task_queue
        self.result_queue = result_queue

    def run(self):
        while True:
            next_task = self.task_queue.get()
            if next_task is None:
                self.task_queue.task_done()
                break
            answer = next_task()
            self.task_queue.task_done()
            self.result_queue.put(answer)


class Task:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __call__(self):
        return "{self.a} * {self.b} = {product}".format(self=self, product=self.a * self.b)

    def __str__(self):
        return "{self.a} * {self.b}".format(self=self)


if __name__ == "__main__":
    tasks = multiprocessing.JoinableQueue()
    results = multiprocessing.Queue()
    num_consumers = 3
    consumers = [Consumer(tasks, results) for _ in range(num_consumers)]
    for w in consumers:
        w.start()
    num_jobs = 8
    for i in range(num_jobs):
        tasks.put(Task(i, i))
    for _ in range(num_consumers):
        tasks.put(None)
    tasks.join()
    answers = sorted(results.get() for _ in range(num_jobs))
    for a in answers:
        print("Result:", a)
    for w in consumers:
        w.join()
    print("consumers exited:", [w.exitcode for w in consumers])
