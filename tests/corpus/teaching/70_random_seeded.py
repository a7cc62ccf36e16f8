"""With random.seed the "random" choices are the same on every run."""
import random

random.seed(42)
print(random.random())
print(random.randint(1, 6), random.randint(1, 6), random.randrange(0, 100, 5))
print(round(random.uniform(1.5, 3.5), 6))
print(random.choice(["rock", "paper", "scissors"]))
print(random.choices("abc", k=5), random.choices([1, 2, 3], weights=[10, 1, 1], k=4))
deck = list(range(10))
random.shuffle(deck)
print(deck)
print(random.sample(range(100), 5))
print(random.getrandbits(16))
rng = random.Random(2024)
print([rng.randint(0, 9) for _ in range(8)])
random.seed("teaching")
print(random.random())
