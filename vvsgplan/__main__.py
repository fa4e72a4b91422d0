from vvsgplan.entry import main

main()
