import gc

from optimizer.cli import main

try:
    main(prog_name="python -m optimizer")
finally:
    # The interpreter's last garbage collection walks every object still alive (pandas, NumPy
    # and HiGHS modules, ~0.08 s of a national plan's run, as much of a one-region plan's):
    # objects frozen now are left to the process's end. Finalizers and atexit still run.
    gc.freeze()
