import os, time, sys
N=40000
ts=[]
line = b"Cor impressa: rodada 1 - vermelho\n"
for i in range(N):
    t=time.perf_counter_ns(); os.write(1, line); ts.append(time.perf_counter_ns()-t)
    if i % 20 == 0:
        time.sleep(0.0002)
ts.sort()
print(" ".join(f"p{p}={ts[min(N-1,int(N*p/100))]/1000:.1f}" for p in (0,10,25,50,75,90,95,97,98,99,99.5,99.9)), file=sys.stderr)
