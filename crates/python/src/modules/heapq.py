# heapq for gilscope: a binary min-heap kept in a plain list (heap[k] <= heap[2k+1] and
# heap[2k+2]), written in Python on gilscope's VM from the documented invariant.


def _up(heap, pos, top=0):
    """Moves heap[pos] towards the root (not above `top`) while it is smaller than its
    parent."""
    item = heap[pos]
    while pos > top:
        parent = (pos - 1) >> 1
        if item < heap[parent]:
            heap[pos] = heap[parent]
            pos = parent
        else:
            break
    heap[pos] = item


def _down(heap, pos):
    """Restores the invariant below heap[pos] the bottom-up way (Floyd; Knuth 5.2.3,
    exercise 18): the hole walks down to a leaf along the smaller children, then the
    item rises from there. Equal items then leave the heap in the order CPython's do."""
    n = len(heap)
    top = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < n:
        if child + 1 < n and not heap[child] < heap[child + 1]:
            child += 1
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _up(heap, pos, top)


def _check(heap):
    if not isinstance(heap, list):
        raise TypeError("heap argument must be a list")


def heappush(heap, item, /):
    _check(heap)
    heap.append(item)
    _up(heap, len(heap) - 1)


def heappop(heap, /):
    _check(heap)
    last = heap.pop()
    if not heap:
        return last
    top = heap[0]
    heap[0] = last
    _down(heap, 0)
    return top


def heapreplace(heap, item, /):
    _check(heap)
    if not heap:
        raise IndexError("index out of range")
    top = heap[0]
    heap[0] = item
    _down(heap, 0)
    return top


def heappushpop(heap, item, /):
    _check(heap)
    if not heap or not heap[0] < item:
        return item  # the item would come straight back out
    top = heap[0]
    heap[0] = item
    _down(heap, 0)
    return top


def heapify(x, /):
    _check(x)
    for i in reversed(range(len(x) // 2)):
        _down(x, i)


def nsmallest(n, iterable, key=None):
    # As documented: the same as sorted(iterable, key=key)[:n] (stable on ties).
    return sorted(iterable, key=key)[:max(n, 0)]


def nlargest(n, iterable, key=None):
    return sorted(iterable, key=key, reverse=True)[:max(n, 0)]


def merge(*iterables, key=None, reverse=False):
    heap = []
    for order, it in enumerate(iterables):
        it = iter(it)
        for first in it:
            k = first if key is None else key(first)
            heap.append([_Rank(k, reverse), order, first, it])
            break
    heapify(heap)
    while heap:
        entry = heap[0]
        yield entry[2]
        for nxt in entry[3]:
            entry[0] = _Rank(nxt if key is None else key(nxt), reverse)
            entry[2] = nxt
            heapreplace(heap, entry)
            break
        else:
            heappop(heap)


class _Rank:
    """A merge key, inverted when merging in reverse."""

    def __init__(self, k, reverse):
        self.k, self.reverse = k, reverse

    def __lt__(self, other):
        return other.k < self.k if self.reverse else self.k < other.k

    def __eq__(self, other):
        return self.k == other.k
