"""string's constants build a password generator with a seeded random."""
import random
import string

print(string.ascii_lowercase)
print(string.ascii_uppercase)
print(string.digits, string.hexdigits, string.octdigits)
print(string.punctuation)
print(len(string.printable), repr(string.whitespace))
print(string.capwords("the quick  brown fox"))

random.seed(7)
alphabet = string.ascii_letters + string.digits
for _ in range(3):
    print("".join(random.choice(alphabet) for _ in range(12)))
t = string.Template("$who owes $$$amount")
print(t.substitute(who="Ana", amount=10))
