import { Tooltip, Typography, type TypographyProps } from '@mui/material';
import { useFieldValue, type FieldProps } from 'react-admin';
import { useFormatters } from '../hooks/useFormatters';
import { describeTimeZone } from '../format/formatters';

/** An instant in the user's time zone; the tooltip says which zone. */
export const DateTimeText = ({
  value,
  seconds,
  dateOnly,
  ...rest
}: { value: string | Date | null | undefined; seconds?: boolean; dateOnly?: boolean } & TypographyProps) => {
  const f = useFormatters();
  if (!value) return <Typography component="span" variant="body2" color="text.secondary" {...rest}>—</Typography>;
  const text = dateOnly ? f.date(value) : f.dateTime(value, seconds);
  return (
    <Tooltip title={describeTimeZone(f.timeZone)} enterDelay={600}>
      <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} {...rest}>
        {text}
      </Typography>
    </Tooltip>
  );
};

export const DateTimeField = (props: FieldProps & { seconds?: boolean; dateOnly?: boolean }) => {
  const value = useFieldValue(props);
  return <DateTimeText value={value as string | null} seconds={props.seconds} dateOnly={props.dateOnly} />;
};

export const MoneyField = (props: FieldProps) => {
  const value = useFieldValue(props);
  const f = useFormatters();
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {value ? f.money(value) : '—'}
    </Typography>
  );
};
