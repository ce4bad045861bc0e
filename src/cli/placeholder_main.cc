// Replaced by the real CLI once src/cli has its subcommands.
int main() { return 0; }
