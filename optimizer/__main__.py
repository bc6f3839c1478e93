from optimizer.cli import main

main(prog_name="python -m optimizer")
