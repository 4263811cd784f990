// Each feature registers its routes, navigation and panels. One line per feature.
import './patients/register.tsx';
