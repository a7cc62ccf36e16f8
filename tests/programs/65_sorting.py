people = [("ana", 31), ("bo", 25), ("cy", 31), ("di", 22)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[1], reverse=True))
nums = [5, -3, 2, -8, 1]
print(sorted(nums, key=abs), sorted(nums, reverse=True), min(nums, key=abs), max(nums, key=abs))
words = ["Banana", "apple", "cherry", "Apple"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len))
data = [3, 1, 2]
data.sort(key=lambda x: -x)
print(data)
print(sorted([[2, 1], [1, 2], [1, 1]]), sorted("hello world".split()))
print(sorted([0.5, 1, -2.5, True]), sorted({"b": 1, "a": 2}))
