import { defaultLightTheme, type RaThemeOptions } from 'react-admin';

export const PRODUCT_NAME = 'Sentinel SN';

const navy = '#14213d';
const blue = '#1f4e8c';
const border = '#e3e8ef';

export const theme: RaThemeOptions = {
  ...defaultLightTheme,
  palette: {
    mode: 'light',
    primary: { main: blue, dark: '#163a69', light: '#4f78b3', contrastText: '#fff' },
    secondary: { main: navy, contrastText: '#fff' },
    error: { main: '#c62828' },
    warning: { main: '#e07800', contrastText: '#fff' },
    success: { main: '#2e7d32' },
    info: { main: '#0277bd' },
    background: { default: '#f4f6fa', paper: '#ffffff' },
    text: { primary: '#1b2433', secondary: '#5b6475' },
    divider: border,
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: "Inter, 'Segoe UI', Roboto, 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', Helvetica, Arial, sans-serif",
    fontSize: 13.5,
    h5: { fontWeight: 600, letterSpacing: '-0.01em' },
    h6: { fontWeight: 600, fontSize: '1.02rem' },
    subtitle1: { fontWeight: 600 },
    subtitle2: { fontWeight: 600, color: '#5b6475', textTransform: 'uppercase', fontSize: '0.72rem', letterSpacing: '0.06em' },
    button: { textTransform: 'none', fontWeight: 600 },
  },
  sidebar: { width: 236, closedWidth: 56 },
  components: {
    ...defaultLightTheme.components,
    MuiAppBar: {
      styleOverrides: { root: { backgroundColor: navy, color: '#fff', boxShadow: 'none', borderBottom: '1px solid #0c1529' } },
    },
    MuiCard: {
      defaultProps: { variant: 'outlined' },
      styleOverrides: { root: { borderColor: border, borderRadius: 10 } },
    },
    MuiPaper: {
      styleOverrides: { rounded: { borderRadius: 10 } },
    },
    MuiChip: {
      styleOverrides: { root: { fontWeight: 600 }, sizeSmall: { height: 22, fontSize: '0.74rem' } },
    },
    MuiTableCell: {
      styleOverrides: {
        head: { fontWeight: 600, color: '#5b6475', fontSize: '0.76rem', textTransform: 'uppercase', letterSpacing: '0.04em' },
        sizeSmall: { padding: '6px 10px' },
      },
    },
    MuiButton: {
      defaultProps: { disableElevation: true },
    },
    MuiTextField: {
      defaultProps: { variant: 'outlined', size: 'small' },
      // An outlined label floats 9 px above its box: without this room it sat on the previous field's helper text.
      styleOverrides: { root: { marginTop: 6 } },
    },
    MuiFormControl: {
      defaultProps: { variant: 'outlined', size: 'small' },
    },
    RaMenuItemLink: {
      styleOverrides: {
        root: {
          borderLeft: '3px solid transparent',
          '&.RaMenuItemLink-active': { borderLeft: `3px solid ${blue}`, backgroundColor: 'rgba(31,78,140,0.08)', color: blue, fontWeight: 600 },
          '&.RaMenuItemLink-active .RaMenuItemLink-icon': { color: blue },
        },
      },
    },
    RaList: {
      styleOverrides: { root: { '& .RaList-main': { minWidth: 0 } } },
    },
    // Wide tables scroll sideways inside their wrapper. Not on RaList-content: an overflow there clips the bulk
    // actions toolbar, which react-admin draws 48 px above the table (the selection's buttons could not be seen or clicked).
    RaDataTable: {
      styleOverrides: { root: { '& .RaDataTable-tableWrapper': { overflowX: 'auto' } } },
    },
    RaLayout: {
      styleOverrides: { root: { minWidth: 0, '& .RaLayout-contentWithSidebar': { minWidth: 0 }, '& .RaLayout-content': { minWidth: 0, paddingTop: 12, paddingLeft: 16, paddingRight: 16, paddingBottom: 24 } } },
    },
  } as RaThemeOptions['components'],
};
