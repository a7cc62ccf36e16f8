class Node:
    def __init__(self):
        self.children = []
n = Node()
print(n.value.x)
