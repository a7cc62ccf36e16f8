"""An RLock lets a recursive function re-enter the lock it already holds."""
import threading

lock = threading.RLock()
visited = []


def walk(tree, depth=0):
    with lock:
        name, children = tree
        visited.append("  " * depth + name)
        for child in children:
            walk(child, depth + 1)


tree = ("root", [("a", [("a1", []), ("a2", [])]), ("b", [("b1", [])])])
threads = [threading.Thread(target=walk, args=(tree,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("\n".join(visited[:6]))
print(visited[:6] == visited[6:])
plain = threading.Lock()
plain.acquire()
print("plain lock re-acquire:", plain.acquire(timeout=0.05))
