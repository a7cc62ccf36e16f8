counter = 0
def bump():
    global counter
    counter += 1
    return counter
for _ in range(3):
    bump()
print(counter)
def outer():
    total = 0
    def add(x):
        nonlocal total
        total += x
    for i in range(5):
        add(i)
    return total
print(outer())
config = {"debug": False}
def enable():
    config["debug"] = True
enable()
print(config)
def shadow():
    counter = 100
    return counter
print(shadow(), counter)
def uses_before_assign():
    try:
        print(value)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    value = 1
    return value
uses_before_assign()
try:
    print(not_defined_anywhere)
except NameError as e:
    print("NameError:", e)
