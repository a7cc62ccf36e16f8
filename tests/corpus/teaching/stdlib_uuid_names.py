# Name-based UUIDs are the same everywhere; random ones differ every call.
import uuid

for name in ["python.org", "gilscope", "example.com/orders/42"]:
    print(f"{name:24} uuid5={uuid.uuid5(uuid.NAMESPACE_DNS, name)}")
    print(f"{'':24} uuid3={uuid.uuid3(uuid.NAMESPACE_URL, name)}")

order = uuid.uuid5(uuid.NAMESPACE_URL, "https://shop.example/orders/42")
print(repr(order), order.hex, order.version, order.variant)
print(order.urn, order.int)
same = uuid.UUID(str(order))
print(same == order, uuid.UUID(order.hex) == order, hash(same) == hash(order))

a, b = uuid.uuid4(), uuid.uuid4()
print(a != b, a.version, b.variant, len(str(a)), str(a).count("-"))
print(uuid.UUID("{12345678-1234-5678-1234-567812345678}").fields)
print(sorted([uuid.UUID(int=2), uuid.UUID(int=1)]))
try:
    uuid.UUID("not-a-uuid")
except ValueError as e:
    print("ValueError:", e)
