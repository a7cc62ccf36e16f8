value = "10"
print(value + 5)
