from matpunkt.cli import main

main()
