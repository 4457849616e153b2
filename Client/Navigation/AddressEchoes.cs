namespace MnistBlazor.Client.Navigation;

/// <summary>
/// Tells a component's own writes to the page's address apart from addresses the person went to. A component that
/// keeps its state in the address (<c>NavigationManager.NavigateTo</c>) hears of each write a round trip later, maybe
/// after the next click: applying that late echo would undo the click. Back, forward or a link are news, and move it.
/// </summary>
/// <param name="shown">What the address says when the component starts.</param>
public sealed class AddressEchoes<T>(T shown)
{
    private readonly Queue<T> written = new();
    private T addressed = shown;

    /// <summary>The component now shows <paramref name="value"/>: true when the address must be written to say so.</summary>
    public bool Write(T value)
    {
        var latest = written.Count > 0 ? written.Last() : addressed;
        if (EqualityComparer<T>.Default.Equals(value, latest))
        {
            return false;
        }

        written.Enqueue(value);
        return true;
    }

    /// <summary>The address says <paramref name="value"/>: true when it is news to show, false when it is unchanged or an echo of a write.</summary>
    public bool IsNews(T value)
    {
        if (EqualityComparer<T>.Default.Equals(value, addressed))
        {
            return false;
        }

        addressed = value;
        if (written.Contains(value))
        {
            while (!EqualityComparer<T>.Default.Equals(written.Dequeue(), value))
            {
            }

            return false;
        }

        written.Clear();
        return true;
    }
}
