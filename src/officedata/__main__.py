from officedata.cli import main

main()
