using ScoreNotebooks.NotebookWorker;

// Started by the runner with the path of the socket to report on; not meant to be run by hand.
if (args is not ["--connect", { Length: > 0 } socketPath])
{
    Console.Error.WriteLine("usage: ScoreNotebooks.NotebookWorker --connect SOCKET (the notebook runner starts this program)");
    return 2;
}
return Worker.Run(socketPath);
