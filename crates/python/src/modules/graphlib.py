# graphlib for gilscope, written for this project from the documented behaviour of
# Python 3.11's graphlib: TopologicalSorter (add, prepare, is_active, get_ready, done,
# static_order) and CycleError, with CPython's order: nodes become ready in the order
# they were first named, and a finished node releases its successors in the order their
# edges were added; a cycle is reported as the first one a depth-first walk from the
# nodes in that order meets.

__all__ = ["TopologicalSorter", "CycleError"]

# What get_ready() and done() have made of a node (a count of predecessors otherwise).
_HANDED_OUT = "handed out"
_FINISHED = "finished"


class CycleError(ValueError):
    """Raised by TopologicalSorter.prepare if the graph has a cycle."""


class TopologicalSorter:
    def __init__(self, graph=None):
        self._waiting = {}
        self._after = {}
        self._ready = None
        self._handed = 0
        self._finished = 0
        for node, needs in (graph or {}).items():
            self.add(node, *needs)

    def _know(self, node):
        if node not in self._waiting:
            self._waiting[node] = 0
            self._after[node] = []

    def add(self, node, *predecessors):
        if self._ready is not None:
            raise ValueError("Nodes cannot be added after a call to prepare()")
        self._know(node)
        self._waiting[node] += len(predecessors)
        for before in predecessors:
            self._know(before)
            self._after[before].append(node)

    def prepare(self):
        if self._ready is not None:
            raise ValueError("cannot prepare() more than once")
        self._ready = [n for n, count in self._waiting.items() if count == 0]
        loop = self._first_cycle()
        if loop:
            raise CycleError("nodes are in a cycle", loop)

    def _prepared(self):
        if self._ready is None:
            raise ValueError("prepare() must be called first")

    def get_ready(self):
        self._prepared()
        batch = tuple(self._ready)
        del self._ready[:]
        for n in batch:
            self._waiting[n] = _HANDED_OUT
        self._handed += len(batch)
        return batch

    def is_active(self):
        self._prepared()
        return bool(self._ready) or self._finished < self._handed

    def __bool__(self):
        return self.is_active()

    def done(self, *nodes):
        self._prepared()
        for n in nodes:
            if n not in self._waiting:
                raise ValueError(f"node {n!r} was not added using add()")
            state = self._waiting[n]
            if state == _FINISHED:
                raise ValueError(f"node {n!r} was already marked done")
            if state != _HANDED_OUT:
                raise ValueError(f"node {n!r} was not passed out (still not ready)")
            self._waiting[n] = _FINISHED
            self._finished += 1
            for nxt in self._after[n]:
                self._waiting[nxt] -= 1
                if self._waiting[nxt] == 0:
                    self._ready.append(nxt)

    def _first_cycle(self):
        visited = set()
        for root in self._after:
            if root in visited:
                continue
            path = [root]
            on_path = {root: 0}
            branches = [iter(self._after[root])]
            visited.add(root)
            while branches:
                nxt = next(branches[-1], _FINISHED)
                if nxt is _FINISHED:
                    branches.pop()
                    del on_path[path.pop()]
                elif nxt in on_path:
                    return path[on_path[nxt]:] + [nxt]
                elif nxt not in visited:
                    visited.add(nxt)
                    on_path[nxt] = len(path)
                    path.append(nxt)
                    branches.append(iter(self._after[nxt]))
        return None

    def static_order(self):
        self.prepare()
        while self.is_active():
            batch = self.get_ready()
            yield from batch
            self.done(*batch)
