print("start")
import notamodule
print("never")
