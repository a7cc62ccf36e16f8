# Threads each read a log file while another thread computes: the reads release the GIL.
import threading
import time

results = {}


def read_log(name):
    errors = 0
    with open(name) as f:
        for line in f:
            if 'ERROR' in line:
                errors += 1
    results[name] = errors


def compute():
    total = 0
    for i in range(200_000):
        total += i * i
    results['compute'] = total


threads = [threading.Thread(target=read_log, args=(f'logs/day{i}.log',)) for i in (1, 2, 3)]
threads.append(threading.Thread(target=compute))
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
for key in sorted(results):
    print(key, results[key])
print('done')
