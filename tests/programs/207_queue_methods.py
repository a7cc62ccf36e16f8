# queue.SimpleQueue has no task tracking: no task_done, join or full.
import queue, multiprocessing as mp
for q in [queue.Queue(), queue.LifoQueue(), queue.PriorityQueue(), queue.SimpleQueue()]:
    print(type(q).__name__, [m for m in ["put","get","task_done","join","full","qsize","empty","put_nowait","get_nowait"] if hasattr(q, m)])
