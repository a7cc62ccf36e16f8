"""A program split in two files: the helper module is imported once and cached."""
import shop_helpers
from shop_helpers import Cart, price_of
import shop_helpers as again

print("program name:", __name__)
print("helper name:", shop_helpers.__name__, again is shop_helpers)
cart = Cart()
cart.add("apple", 3)
cart.add("bread")
print(cart.total(), price_of("bread"))
print(shop_helpers.LOADS)
