a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5)
a.extend([3, 5])
a.insert(0, 0)
print(a, len(a))
print(a.pop(), a.pop(0), a)
a.remove(1)
print(a, a.index(5), a.count(5))
a.sort()
print(a)
a.sort(reverse=True)
print(a)
a.reverse()
print(a)
b = a.copy()
b[0] = 100
print(a[0], b[0])
print(a[1:4], a[:3], a[-3:], a[::3])
a[1:3] = [7, 7, 7]
print(a)
del a[0]
del a[-2:]
print(a)
print([1, 2] + [3], [0] * 4, [[0] * 2] * 2)
print(sorted([5, 2, 8], key=lambda x: -x), list(reversed([1, 2, 3])))
nested = [[1, 2], [3, 4]]
print(nested[1][0], [x for row in nested for x in row])
print(3 in a, 99 in a, [] == [], [1, 2] < [1, 3])
lst = []
print(bool(lst), bool([0]))
words = ["pear", "fig", "banana"]
words.sort(key=len)
print(words, max(words, key=len), min(words))
c = [1, 2, 3]
c += [4]
c *= 2
print(c)
print(list(range(5)), list(range(2, 10, 3)), list(range(5, 0, -2)))
a.clear()
print(a)
