// Temporal values as text, shared by the tests' independent Parquet and Iceberg readers (parquet/lake-rows.mjs,
// iceberg/read-exact.mjs): a day count as YYYY-MM-DD and a microsecond count as YYYY-MM-DD HH:MM:SS.ffffff, both
// since 1970-01-01 in the proleptic Gregorian calendar (year 0 is 0000).
const pad = (n, width) => String(n).padStart(width, '0');

// Year, month, day of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
function civil(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (month <= 2 ? 1 : 0), month, day];
}

export function dateText(days) {
  const [year, month, day] = civil(days);
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function timestampText(micros) {
  const perDay = 86400000000n;
  let days = micros / perDay;
  let rest = micros % perDay;
  if (rest < 0n) {
    rest += perDay;
    days -= 1n;
  }
  const seconds = Number(rest / 1000000n);
  const fraction = Number(rest % 1000000n);
  return `${dateText(Number(days))} ${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:` +
    `${pad(seconds % 60, 2)}.${pad(fraction, 6)}`;
}
