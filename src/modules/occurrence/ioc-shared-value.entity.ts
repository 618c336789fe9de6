// Indicator values indexed in two or more hunts: the candidates correlation groups, kept at ingest.
// A value may stay listed after a deletion leaves it in one hunt; correlation re-checks, so that only costs time.
import { Entity, PrimaryColumn } from "typeorm";
import { IocType } from "../../shared/ioc-type";

@Entity({ name: "ioc_shared_values" })
export class IocSharedValue {
  @PrimaryColumn({ name: "ioc_type", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_shared_values_pkey" })
  iocType: IocType;

  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "ioc_shared_values_pkey" })
  value: string;
}
