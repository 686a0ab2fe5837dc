import { Box, Typography } from '@mui/material';
import ShieldIcon from '@mui/icons-material/ShieldOutlined';
import { PRODUCT_NAME } from '../theme';

export const Brand = ({ size = 'small' }: { size?: 'small' | 'large' }) => (
  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mr: 2, flexShrink: 0 }}>
    <Box
      sx={{
        width: size === 'large' ? 44 : 28,
        height: size === 'large' ? 44 : 28,
        borderRadius: 1.5,
        bgcolor: 'rgba(252,163,17,0.16)',
        border: '1px solid rgba(252,163,17,0.55)',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <ShieldIcon sx={{ color: '#fca311', fontSize: size === 'large' ? 28 : 18 }} />
    </Box>
    <Typography
      component="span"
      sx={{ fontWeight: 700, letterSpacing: '0.01em', fontSize: size === 'large' ? '1.6rem' : '1.02rem', color: 'inherit', whiteSpace: 'nowrap' }}
    >
      {PRODUCT_NAME}
    </Typography>
  </Box>
);
