"""PyMOTW: subclassing multiprocessing.Process and overriding run()."""
import multiprocessing


class Worker(multiprocessing.Process):
    def __init__(self, number):
        super().__init__()
        self.number = number

    def run(self):
        print("In {}: number {}, square {}".format(self.name, self.number, self.number ** 2))


if __name__ == "__main__":
    jobs = []
    for i in range(4):
        p = Worker(i)
        jobs.append(p)
        p.start()
        p.join()
    print([j.exitcode for j in jobs])
    print(repr(jobs[0]).split(" ")[0])
