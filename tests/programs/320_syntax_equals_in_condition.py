# A single = in a condition, meant as == (or :=).
lines = ["a", "b", ""]
while (line = lines.pop(0)) != "":
    print(line)
