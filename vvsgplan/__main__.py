from vvsgplan.cli import main

main()
