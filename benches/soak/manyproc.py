# 800 short processes one pair at a time: a finished process must give its memory back.
from multiprocessing import Process, Value
def inc(v):
    v.value = v.value + 1
if __name__ == '__main__':
    for i in range(400):
        v = Value('i', 0)
        ps = [Process(target=inc, args=(v,)), Process(target=inc, args=(v,))]
        [p.start() for p in ps]
        [p.join() for p in ps]
    print(v.value)
