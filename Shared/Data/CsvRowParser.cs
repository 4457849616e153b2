using System.Runtime.CompilerServices;
using System.Text;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Data;

/// <summary>Splits one CSV line of whole numbers into a fixed number of named columns.</summary>
internal sealed class CsvRowParser(string path, string[] columnNames)
{
    public string[] ColumnNames { get; } = columnNames;

    public string HeaderText => string.Join(',', ColumnNames);

    /// <summary>Checks the header line column by column.</summary>
    public void CheckHeader(ReadOnlySpan<byte> line, long lineNumber)
    {
        var column = 0;
        foreach (var range in line.Split((byte)','))
        {
            var found = Encoding.UTF8.GetString(Trim(line[range])).Trim('"');
            if (column >= ColumnNames.Length)
            {
                var extra = QuotedText.Of(found);
                throw new DataFileException(path,
                    $"header has more than the {ColumnNames.Length} expected columns (extra column '{extra}'); expected header: {Abbreviated(HeaderText)}",
                    lineNumber, extra);
            }

            if (found != ColumnNames[column])
            {
                throw new DataFileException(path,
                    $"header names column {column + 1} '{QuotedText.Of(found)}', expected '{ColumnNames[column]}'; expected header: {Abbreviated(HeaderText)}",
                    lineNumber, ColumnNames[column]);
            }

            column++;
        }

        if (column < ColumnNames.Length)
        {
            throw new DataFileException(path,
                $"header ends after {column} columns, expected {ColumnNames.Length}: {Abbreviated(HeaderText)}",
                lineNumber, ColumnNames[column]);
        }
    }

    /// <summary>Parses the line's values into <paramref name="values"/>, one per column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first row; skip the unoptimised tier
    public void Parse(ReadOnlySpan<byte> line, long lineNumber, Span<int> values)
    {
        // Fast path for the common shape "digits,digits,...": one pass over the bytes. Anything else
        // (spaces, signs, errors) is handed to the careful parser, which accepts it or says what is wrong.
        var column = 0;
        var value = 0;
        var digits = 0;
        foreach (var character in line)
        {
            var digit = (uint)(character - '0');
            if (digit <= 9 && digits < 9)
            {
                value = value * 10 + (int)digit;
                digits++;
            }
            else if (character == (byte)',' && digits > 0 && column < values.Length - 1)
            {
                values[column++] = value;
                value = 0;
                digits = 0;
            }
            else
            {
                ParseCarefully(line, lineNumber, values);
                return;
            }
        }

        if (digits == 0 || column != values.Length - 1)
        {
            ParseCarefully(line, lineNumber, values);
            return;
        }

        values[column] = value;
    }

    private void ParseCarefully(ReadOnlySpan<byte> line, long lineNumber, Span<int> values)
    {
        var column = 0;
        var rest = line;
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            var field = comma >= 0 ? rest[..comma] : rest;
            if (column == ColumnNames.Length)
            {
                throw new DataFileException(path,
                    $"row has {line.Count((byte)',') + 1} values, expected {ColumnNames.Length}; there are values after the last column",
                    lineNumber, ColumnNames[^1]);
            }

            values[column] = ParseWholeNumber(field, lineNumber, column);
            column++;
            if (comma < 0)
            {
                break;
            }

            rest = rest[(comma + 1)..];
        }

        if (column < ColumnNames.Length)
        {
            throw new DataFileException(path,
                $"row has {column} values, expected {ColumnNames.Length}; it ends before this column", lineNumber, ColumnNames[column]);
        }
    }

    public void CheckRange(ReadOnlySpan<int> values, int firstColumn, int minimum, int maximum, long lineNumber)
    {
        for (var column = firstColumn; column < values.Length; column++)
        {
            var value = values[column];
            if (value < minimum || value > maximum)
            {
                throw new DataFileException(path,
                    $"value '{value}' is outside {minimum}..{maximum}", lineNumber, ColumnNames[column]);
            }
        }
    }

    private int ParseWholeNumber(ReadOnlySpan<byte> field, long lineNumber, int column)
    {
        var text = Trim(field);
        if (text.Length == 0)
        {
            throw new DataFileException(path, "value is empty", lineNumber, ColumnNames[column]);
        }

        var negative = text[0] == (byte)'-';
        var digits = negative || text[0] == (byte)'+' ? text[1..] : text;
        if (digits.Length == 0 || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            throw new DataFileException(path,
                $"value '{QuotedText.Of(Encoding.UTF8.GetString(text))}' is not a whole number", lineNumber, ColumnNames[column]);
        }

        // Saturate instead of overflowing so that a huge number is reported as out of range, never wrapped.
        long value = 0;
        foreach (var digit in digits)
        {
            value = Math.Min(value * 10 + (digit - '0'), int.MaxValue);
        }

        return (int)(negative ? -value : value);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> field) => field.Trim((byte)' ');

    private static string Abbreviated(string header) =>
        header.Length <= 60 ? header : $"{header[..30]}...{header[^20..]}";
}
