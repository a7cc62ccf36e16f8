"""product, permutations and combinations enumerate choices."""
from itertools import combinations, combinations_with_replacement, permutations, product

print(list(product("AB", [1, 2])))
print(len(list(product(range(3), repeat=3))))
print(list(permutations("abc", 2)))
print(list(combinations([1, 2, 3, 4], 3)))
print(list(combinations_with_replacement("xy", 2)))
menu = {"main": ["fish", "tofu"], "side": ["rice", "salad"]}
for main, side in product(menu["main"], menu["side"]):
    print(f"{main} with {side}")
